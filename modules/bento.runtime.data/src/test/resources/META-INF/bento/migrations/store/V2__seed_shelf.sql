insert into shelf (id, label) values (1, 'teas');
