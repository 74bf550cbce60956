COPY t FROM STDIN (format binary);
PGCOPY
\.
select 1;
