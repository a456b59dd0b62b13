create table md_product (id bigserial primary key, name varchar(60) not null, version bigint not null);
