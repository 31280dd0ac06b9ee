"""The import wizard (File ▸ Import people…): its pages, and the review boxes they share."""
