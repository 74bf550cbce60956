select 1
\echo x
;
