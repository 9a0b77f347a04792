"""Rule-based NLU helpers: quantities (age, money, household size) in English and Chinese."""
