"""The one place in the web app that talks to the scoring library."""
