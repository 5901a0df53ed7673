"""Support plans and service referrals are carers' records: they are read and changed only
in the service, where every read is recorded and every change goes through the rules. They
are deliberately not in Django admin (tests/carers_portal/test_admin_holds_no_carer_data.py).
"""
