"""Rasa plug-ins that store state: the SQL tracker store by URL, the atomic Redis lock store."""
