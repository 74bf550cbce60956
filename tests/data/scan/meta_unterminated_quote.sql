\echo 'abc
select 1;
