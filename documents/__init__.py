"""Documents made from the store, without Streamlit: chart images, the A4 sheet, the deck, the receipt (docs/outputs.md)."""
