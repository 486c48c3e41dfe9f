-- Every heartbeat flush rewrites each host's vitals and last_seen_at. With last_seen_at indexed, no such
-- update could be HOT (heap-only): each one inserted into all seven host indexes, two of them GIN. The
-- sweeper's query (online hosts seen too long ago) scans the table instead, every few seconds, which is
-- far cheaper than the index writes it saved; and free room on each page lets the new row version stay
-- on its page (fillfactor applies to pages written from now on).
DROP INDEX host_online_last_seen;
ALTER TABLE host SET (fillfactor = 70);
