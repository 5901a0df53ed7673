"""Support plan pages, by subject: plans.py (the plan), support.py (services, items and
referrals) and carers.py (the carer's own pages)."""
