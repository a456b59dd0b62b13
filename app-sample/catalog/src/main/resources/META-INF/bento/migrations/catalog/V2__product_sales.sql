-- units sold per product, kept from the OrderPlaced events the catalog consumes
create table product_sales (
    sku varchar(40) primary key references product (sku),
    sold bigint not null
);
