package io.ctops.core.identity;

/**
 * A token just created: the only time its secret exists outside the agent's configuration.
 *
 * @param token the stored token
 * @param secret what the agent is given ({@code org_token}); show it once, never store or log it
 */
public record CreatedEnrolmentToken(EnrolmentToken token, String secret) {

    @Override
    public String toString() {
        return "CreatedEnrolmentToken[token=" + token + ", secret=****]";
    }
}
