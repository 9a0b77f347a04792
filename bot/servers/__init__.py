"""The project's own server processes (the action server, the web page) and how every server is
started, awaited and stopped."""
