select :semi;
