-- shelf schema
CREATE TABLE [bracket name] ("id" INTEGER PRIMARY KEY, `back tick` TEXT, 'quote''s' TEXT);
CREATE TABLE orphans (id INTEGER PRIMARY KEY, gone_id INTEGER REFERENCES gone (id) ON DELETE CASCADE);
CREATE TABLE loose (id INTEGER PRIMARY KEY, name TEXT REFERENCES [bracket name] (`back tick`));
CREATE TABLE mismatch (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, FOREIGN KEY (a, b) REFERENCES [bracket name] ("id"));
CREATE TABLE untyped (a, b, c);
CREATE TABLE "ünïcode ✓" ("ключ" TEXT PRIMARY KEY, "値" NUMERIC);
CREATE TABLE cycle_a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES cycle_b (id));
CREATE TABLE cycle_b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES cycle_a (id) ON DELETE SET NULL);
CREATE TABLE wr (k TEXT, n INTEGER, v BLOB, PRIMARY KEY (n, k)) WITHOUT ROWID;
CREATE VIEW dangling AS SELECT * FROM nothing_here;
INSERT INTO [bracket name] VALUES (1, 'x', 'y'), (2, NULL, '');
INSERT INTO orphans VALUES (1, 7);
INSERT INTO untyped VALUES (1, 'two', x'03'), (NULL, 2.5, 'abc');
INSERT INTO "ünïcode ✓" VALUES ('a', 'abc'), ('b', 1.10);
INSERT INTO cycle_a VALUES (1, 1);
INSERT INTO cycle_b VALUES (1, 1);
INSERT INTO wr VALUES ('a', 1, x'00ff'), ('b', 1, NULL);
