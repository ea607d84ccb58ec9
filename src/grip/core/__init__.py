"""The shared kernel: base models, audit trail, tenancy scoping, periods, money and hours."""
