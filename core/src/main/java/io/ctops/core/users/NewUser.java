package io.ctops.core.users;

import io.ctops.core.access.Role;

/** What an admin gives to create a user; the password is the initial one, to be changed by its owner. */
public record NewUser(String email, String displayName, Role role, String password) {
}
