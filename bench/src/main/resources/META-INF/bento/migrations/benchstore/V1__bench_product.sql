create table bench_product (id bigint primary key, name varchar(60) not null, price bigint not null);
insert into bench_product (id, name, price) values (1, 'tea', 250), (2, 'cake', 400), (3, 'scone', 300);
