CREATE TABLE fixture_good (id bigint PRIMARY KEY, note text NOT NULL);
