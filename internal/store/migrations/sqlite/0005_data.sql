-- Indexes for the creators, products and order lines pages (issue 3).

-- The order lines list, newest first, paged by key (created_at, shop_id, order_id, sku_id): the
-- key columns are written out so both engines walk the index in the list's order without
-- sorting, from any page's last line. status, product_id and creator_id ride along so the
-- list's filters are checked in the index: a filter that matches few lines scans a million
-- index entries in 0.3 s instead of looking a million lines up (6 s).
--
-- Exports come in time order, so this index grows at its end and costs an import little. An
-- index by creator would not: inserted at random places, it doubled the time of a 1M-line
-- import. A creator's lines are found instead by the days the creator rollups say they have
-- lines on, one short range of this index per day (see store.OrderLines).
CREATE INDEX order_lines_created ON order_lines (workspace_id, created_at, shop_id, order_id, sku_id, status, product_id, creator_id);
