"""Marketing consent and do-not-contact per contact: who campaigns, target groups and bulk steps
may write to (`contactable()`, `may_contact()`)."""
