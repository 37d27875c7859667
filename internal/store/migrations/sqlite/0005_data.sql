-- Indexes for the creators, products and order lines pages (issue 3).

-- The order lines list, newest first, paged by key (created_at, shop_id, order_id, sku_id): the
-- key columns are written out so both engines walk the index in the list's order without
-- sorting, from any page's last line. status and product_id ride along so the list's status
-- and product filters are checked in the index: a filter that matches few lines scans a
-- million index entries in 0.3 s instead of looking a million lines up (6 s).
CREATE INDEX order_lines_created ON order_lines (workspace_id, created_at, shop_id, order_id, sku_id, status, product_id);

-- One creator's lines, newest first (creator page, orders filtered by creator), and each
-- creator's first and last sale in one index seek.
CREATE INDEX order_lines_creator ON order_lines (workspace_id, creator_id, created_at, shop_id, order_id, sku_id);
