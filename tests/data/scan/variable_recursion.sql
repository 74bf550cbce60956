select :rec;
