"""Imports of organizations, contacts and leads from CSV and XLSX files: reading, column mapping,
checking (dry run), writing in batches as a background job, and reverting."""
