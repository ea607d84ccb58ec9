"""The organisation of the omgevingsdienst: teams (the organogram), functions, employees, roles."""
