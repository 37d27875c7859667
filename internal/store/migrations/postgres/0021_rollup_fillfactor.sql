-- Every import batch adds to the product rollups of the days and months it touches, so a row
-- is rewritten many times during one import. With full pages each rewrite had to go to a new
-- page and add a new primary-key entry; with room left on the page PostgreSQL rewrites the row
-- in place (a HOT update, no index entry): fewer writes for every batch (1M-line import: WAL
-- 768 → 653 MiB, 0% → 87% of product-day updates HOT). The creator rollups are blobs stored out
-- of line and are not affected. Takes effect for pages written from now on.
ALTER TABLE rollup_product_day SET (fillfactor = 60);
ALTER TABLE rollup_product_month SET (fillfactor = 50);
