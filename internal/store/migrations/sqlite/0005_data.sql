-- Indexes for the creators, products and order lines pages (issue 3).

-- The order lines list, newest first, paged by key (created_at, shop_id, order_id, sku_id): the
-- key columns are written out so both engines can walk the index in the list's order without
-- sorting, from any page's last line.
CREATE INDEX order_lines_created ON order_lines (workspace_id, created_at, shop_id, order_id, sku_id);

-- One creator's lines, newest first (creator page, orders filtered by creator), and each
-- creator's first and last sale in one index seek.
CREATE INDEX order_lines_creator ON order_lines (workspace_id, creator_id, created_at, shop_id, order_id, sku_id);
