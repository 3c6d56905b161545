"""The pure core: the model, reading a plan out of values, every check, money, the document's content. No Excel, no xlwings, no files."""
