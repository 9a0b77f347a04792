"""Operations: the commands of `python -m bot` (run, shell, train, evaluate, validate, privacy)."""
