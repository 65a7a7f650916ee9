"""The static public edition (`hyojunka publish`): plain files any web server can serve, no Streamlit."""
