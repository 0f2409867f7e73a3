"""Domain services: plain typed functions over a SQLAlchemy Session. No streamlit here."""
