"""Staff pages for carer's assessments, by subject: answering.py (start to completion) and
records.py (the record once made, approvals and worklists)."""
