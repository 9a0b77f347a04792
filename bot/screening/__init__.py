"""The screening dialogue's logic, without Rasa: reading answers, choosing questions."""
