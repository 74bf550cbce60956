begin;
select 1;
end;
create or replace procedure p() begin atomic select 1; end;
