"""Reusable Streamlit UI pieces. Each `show(...)` owns the session-state keys it uses."""
