"""What goes out by e-mail: the municipal contacts, the reminders to silent municipalities and the weekly digest."""
