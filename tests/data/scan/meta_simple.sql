\echo hello   world
select 1;
  \x
