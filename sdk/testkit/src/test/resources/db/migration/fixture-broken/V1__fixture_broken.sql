CREATE TABLE fixture_broken (id bigint PRIMARY KEY);
CREATE TABEL oops (id int);
