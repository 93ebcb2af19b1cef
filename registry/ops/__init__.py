"""Operations: backup, restore and cleanup of the database and uploaded files."""
