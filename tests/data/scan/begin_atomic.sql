create function f() returns int language sql
begin atomic
  select 1;
  select case when true then 2 end;
end;
select 3;
