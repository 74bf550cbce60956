\echo 'it''s' "dq x" 'a\tb\n' :v :'v' :"v" `date` x'y'z ab;
