"""The pages and assets served without an account: the file request upload page."""
