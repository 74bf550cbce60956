select :v, :'v', :"v", :{?v}, :{?nope}, :nope, :'q', v::text, :'', :{x};
