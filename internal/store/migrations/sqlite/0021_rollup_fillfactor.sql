-- PostgreSQL leaves room on the product rollups' pages for in-place updates here (see the
-- PostgreSQL migration). SQLite has no such setting: nothing to change.
SELECT 1;
