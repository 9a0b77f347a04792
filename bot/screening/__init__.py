"""The screening dialogue's logic, without Rasa: reading answers and quantities, choosing
questions."""
