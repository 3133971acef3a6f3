-- Imports merge the rows of one order that arrive in different files or runs (issue 17). To
-- share order-level amounts over the merged lines again, the store keeps what each part was:
-- the amounts stated for the whole order (NULL = never stated) and each line's own amounts
-- before the order-level shares were added (NULL on lines written before this migration, and
-- on lines not written by an import: those orders are replaced whole, as before).
ALTER TABLE orders ADD COLUMN level_discount_minor INTEGER;
ALTER TABLE orders ADD COLUMN level_shipping_minor INTEGER;
ALTER TABLE orders ADD COLUMN level_tax_minor INTEGER;
ALTER TABLE orders ADD COLUMN level_fees_minor INTEGER;
ALTER TABLE order_lines ADD COLUMN own_discount_minor INTEGER;
ALTER TABLE order_lines ADD COLUMN own_shipping_minor INTEGER;
ALTER TABLE order_lines ADD COLUMN own_tax_minor INTEGER;
ALTER TABLE order_lines ADD COLUMN own_fees_minor INTEGER;
