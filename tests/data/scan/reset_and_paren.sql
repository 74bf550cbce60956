select (1 \g
select 2;
select 3 \r
select 4;
