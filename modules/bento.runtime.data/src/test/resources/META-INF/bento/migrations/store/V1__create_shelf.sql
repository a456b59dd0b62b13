create table shelf (id int primary key, label varchar(40) not null);
