-- Lakeport demo data, microservice 1 (MySQL 8.0 in compose, MariaDB 10.11 on the dev machines).
-- Database ms1: usuarios (500), productos (200), pedidos (3000). Schema and awkward cases are
-- described in init-scripts/README.md; the row counts there are asserted by tests.
--
-- Re-runnable: drops and recreates ms1. Deterministic: no RAND(), no NOW(); every value is a
-- function of the row number (arithmetic and CRC32, which both servers compute identically), so
-- every load gives the same content.
--
-- Comments here carry no quote characters (the mysql client run with --comments, as the
-- mysql:8.0 entrypoint does, keeps them).
--
-- Portability rules this file keeps (it must run unchanged on MySQL 8.0 and MariaDB 10.11):
--   * rows come from a digits table cross-joined with itself, not from a recursive CTE
--     (MySQL caps recursion at cte_max_recursion_depth=1000; MariaDB has no such variable);
--   * the helper tables are ordinary tables (a TEMPORARY table cannot be opened twice in one
--     query on MySQL) and are dropped at the end;
--   * ids are inserted explicitly: InnoDB may skip AUTO_INCREMENT values after an
--     INSERT ... SELECT, so relying on generated ids would not be deterministic;
--   * JSON values are built as text with CONCAT: MySQL turns TRUE into a JSON boolean inside
--     JSON_OBJECT while MariaDB writes 1, so text is the only form both store alike. MySQL keeps
--     JSON in a binary form (keys re-ordered on output), MariaDB keeps the text in a LONGTEXT
--     with a JSON_VALID check: compare JSON values semantically, never as strings;
--   * control characters come from CHAR(n USING utf8mb4), never from backslash escapes
--     (NO_BACKSLASH_ESCAPES may be on), and a quote inside a literal is written twice;
--   * collation utf8mb4_unicode_ci exists on both (the MySQL 8 default utf8mb4_0900_ai_ci does not
--     exist on MariaDB 10.11).

SET NAMES utf8mb4;
-- TIMESTAMP columns store an instant; with the session in UTC the literals below mean the same
-- instant whatever the time zone of the server is.
SET time_zone = '+00:00';

DROP DATABASE IF EXISTS ms1;
CREATE DATABASE ms1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE ms1;

-- ---------------------------------------------------------------------------------------------
-- Row generator: _numeros holds 1..10000.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE _digitos (d TINYINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO _digitos (d) VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
CREATE TABLE _numeros (n INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO _numeros (n)
SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * m.d
FROM _digitos a CROSS JOIN _digitos b CROSS JOIN _digitos c CROSS JOIN _digitos m;

-- ---------------------------------------------------------------------------------------------
-- usuarios: 500 rows, ids 1..500.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE usuarios (
  id                INT NOT NULL AUTO_INCREMENT,
  nombre            VARCHAR(100) NOT NULL,
  apellidos         VARCHAR(150) NOT NULL,
  email             VARCHAR(255) NOT NULL,
  telefono          VARCHAR(20) NULL,
  fecha_nacimiento  DATE NULL,
  ciudad            VARCHAR(80) NOT NULL,
  pais              CHAR(2) NOT NULL,
  activo            TINYINT(1) NOT NULL DEFAULT 1,
  preferencias      JSON NULL,
  bio               TEXT NULL,
  avatar_md5        BINARY(16) NULL,
  creado_en         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  actualizado_en    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uk_usuarios_email (email),
  KEY idx_usuarios_actualizado_en (actualizado_en)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO usuarios (id, nombre, apellidos, email, telefono, fecha_nacimiento, ciudad, pais,
                      activo, preferencias, bio, avatar_md5, creado_en, actualizado_en)
SELECT
  s.n,
  ELT(1 + s.n % 40,
      'María', 'José', 'Lucía', 'Ángel', 'Sofía', 'Martín', 'Núria', 'Íñigo', 'Carmen', 'Javier',
      'Begoña', 'Raúl', 'Inés', 'Andrés', 'Lourdes', 'Sebastián', 'Ainhoa', 'Óscar', 'Valentina', 'Jesús',
      'Paula', 'Adrián', 'Elena', 'Rubén', 'Marta', 'Joaquín', 'Alba', 'Tomás', 'Irene', 'Nicolás',
      'Noemí', 'Gonzalo', 'Rocío', 'Víctor', 'Pilar', 'Iván', 'Estíbaliz', 'Hernán', 'Zoë', 'Ramón'),
  CONCAT(
    ELT(1 + (s.n * 7) % 32,
        'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez',
        'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz',
        'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez',
        'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Ibáñez', 'O''Connor', 'Peña'),
    ' ',
    ELT(1 + (s.n * 11) % 32,
        'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez',
        'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz',
        'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez',
        'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Ibáñez', 'Castaño', 'Nuñez')),
  CONCAT('usuario', LPAD(s.n, 4, '0'), '@', ELT(1 + s.n % 4, 'ejemplo.es', 'correo.mx', 'mail.com', 'lakeport.dev')),
  CASE WHEN s.n % 7 = 0 THEN NULL
       ELSE CONCAT('+34 6', LPAD((s.n * 7919) % 100000000, 8, '0')) END,
  CASE WHEN s.n % 11 = 0 THEN NULL
       ELSE DATE '1950-01-01' + INTERVAL ((s.n * 2749) % 20000) DAY END,
  ELT(1 + s.n % 16,
      'Madrid', 'Barcelona', 'València', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'A Coruña',
      'Córdoba', 'L''Hospitalet de Llobregat', 'Gijón', 'Ciudad de México', 'Bogotá', 'Lima',
      'Buenos Aires', 'São Paulo'),
  ELT(1 + s.n % 16, 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'ES', 'MX', 'CO', 'PE', 'AR', 'BR'),
  CASE WHEN s.n % 9 = 0 THEN 0 ELSE 1 END,
  CASE
    WHEN s.n % 13 = 0 THEN NULL
    WHEN s.n % 17 = 0 THEN '{}'
    ELSE CONCAT(
      '{"idioma": "', ELT(1 + s.n % 4, 'es', 'ca', 'eu', 'gl'), '"',
      ', "newsletter": ', IF(s.n % 2 = 0, 'true', 'false'),
      ', "tema": "', ELT(1 + s.n % 3, 'claro', 'oscuro', 'automático'), '"',
      ', "notificaciones": {"email": ', IF(s.n % 3 = 0, 'false', 'true'),
      ', "push": ', IF(s.n % 5 = 0, 'true', 'false'),
      IF(s.n % 10 = 0, ', "horario": {"desde": "09:00", "hasta": "21:00"}', ''), '}',
      ', "categorias_favoritas": [',
      CASE s.n % 4
        WHEN 0 THEN ''
        WHEN 1 THEN '"electronica"'
        WHEN 2 THEN '"libros", "hogar"'
        ELSE '"deportes", "ropa", "alimentacion"' END, ']',
      IF(s.n % 5 = 0, ', "moneda": "MXN"', ''),
      IF(s.n % 25 = 0, ', "limite_gasto": 1500.50', ''),
      '}') END,
  CASE
    WHEN s.n % 50 = 1 THEN CONCAT('Primera línea de la bio', CHAR(10 USING utf8mb4),
                                  'Segunda con "comillas", un tabulador', CHAR(9 USING utf8mb4),
                                  'y una barra ', CHAR(92 USING utf8mb4), ' invertida')
    WHEN s.n % 4 = 0 THEN NULL
    ELSE ELT(1 + s.n % 9,
      'Amante del café ☕ y de la montaña 🏔️',
      'Desarrolladora 👩‍💻 en remoto',
      'Hincha del Betis 💚🤍 desde pequeño',
      'Cocinero aficionado 🥘: paella los domingos',
      'Viajero 🌍 — 37 países y contando',
      'Lector empedernido 📚 «Cien años de soledad»',
      'Música, cine y fútbol ⚽',
      'Orgullosa de mi tierra 🇪🇸',
      'Sin comentarios') END,
  CASE WHEN s.n % 20 = 0 THEN NULL ELSE UNHEX(MD5(CONCAT('usuario-', s.n))) END,
  TIMESTAMP '2024-01-01 08:00:00' + INTERVAL (s.n * 60000) SECOND,
  TIMESTAMP '2024-01-01 08:00:00' + INTERVAL (s.n * 60000) SECOND
    + INTERVAL ((s.n * 7919) % 200000) MINUTE + INTERVAL s.n MICROSECOND
FROM _numeros s
WHERE s.n <= 500
ORDER BY s.n;

-- ---------------------------------------------------------------------------------------------
-- productos: 200 rows, ids 1..200, 25 per categoria.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE productos (
  id              INT NOT NULL AUTO_INCREMENT,
  sku             VARCHAR(20) NOT NULL,
  nombre          VARCHAR(150) NOT NULL,
  descripcion     TEXT NULL,
  categoria       ENUM('electronica', 'hogar', 'deportes', 'libros', 'ropa', 'juguetes',
                       'alimentacion', 'belleza') NOT NULL,
  precio          DECIMAL(12,2) NOT NULL,
  peso_kg         DECIMAL(8,3) NULL,
  valoracion      DOUBLE NULL,
  stock           INT UNSIGNED NOT NULL DEFAULT 0,
  atributos       JSON NULL,
  activo          TINYINT(1) NOT NULL DEFAULT 1,
  fecha_alta      DATE NOT NULL,
  creado_en       TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  actualizado_en  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uk_productos_sku (sku),
  KEY idx_productos_categoria (categoria),
  KEY idx_productos_actualizado_en (actualizado_en)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- c = category number 1..8, k = 0..24 position inside the category (noun = k % 5, model = k DIV 5).
INSERT INTO productos (id, sku, nombre, descripcion, categoria, precio, peso_kg, valoracion, stock,
                       atributos, activo, fecha_alta, creado_en, actualizado_en)
SELECT
  x.n,
  CONCAT('SKU-', UPPER(LEFT(x.cat, 3)), '-', LPAD(x.n, 5, '0')),
  CONCAT(
    ELT(x.c,
      ELT(1 + x.k % 5, 'Auriculares inalámbricos', 'Teclado mecánico', 'Ratón ergonómico', 'Monitor 27"', 'Cargador USB-C'),
      ELT(1 + x.k % 5, 'Cafetera italiana', 'Sartén antiadherente', 'Lámpara de pie', 'Juego de toallas', 'Almohada viscoelástica'),
      ELT(1 + x.k % 5, 'Balón de fútbol', 'Esterilla de yoga', 'Zapatillas de running', 'Raqueta de pádel', 'Botella térmica'),
      ELT(1 + x.k % 5, 'Novela histórica', 'Guía de viaje', 'Libro de cocina', 'Cómic', 'Diccionario español-inglés'),
      ELT(1 + x.k % 5, 'Camiseta de algodón', 'Chaqueta impermeable', 'Pantalón vaquero', 'Bufanda de lana', 'Sudadera con capucha'),
      ELT(1 + x.k % 5, 'Puzle 1000 piezas', 'Peluche', 'Juego de mesa', 'Bloques de construcción', 'Muñeca articulada'),
      ELT(1 + x.k % 5, 'Aceite de oliva virgen extra', 'Jamón ibérico', 'Turrón de Jijona', 'Queso manchego', 'Café de Colombia'),
      ELT(1 + x.k % 5, 'Crema hidratante', 'Perfume', 'Champú sólido', 'Protector solar SPF50', 'Cepillo de bambú')),
    ' ', ELT(1 + x.k DIV 5, 'Básico', 'Plus', 'Pro', 'Edición limitada', 'Mini')),
  CASE
    WHEN x.n % 6 = 0 THEN NULL
    WHEN x.n % 10 = 1 THEN '🔥 ¡Oferta! Envío gratis en 24 h 🚚'
    ELSE CONCAT('Producto de la categoría ', x.cat, '. Diseño cuidado, garantía y devolución en 30 días.') END,
  x.cat,
  CASE WHEN x.n = 1 THEN 0.01
       WHEN x.n = 200 THEN 9999999999.99
       ELSE ROUND(5 + ((x.n * 7919) % 49900) / 100, 2) END,
  CASE WHEN x.c = 4 OR x.n % 8 = 0 THEN NULL ELSE ROUND(0.05 + ((x.n * 613) % 25000) / 1000, 3) END,
  CASE WHEN x.n % 9 = 0 THEN NULL ELSE 1 + ((x.n * 37) % 41) / 10 END,
  CASE WHEN x.n % 15 = 0 THEN 0 ELSE (x.n * 53) % 500 END,
  CASE
    WHEN x.n % 11 = 0 THEN NULL
    WHEN x.c = 1 THEN CONCAT('{"marca": "', ELT(1 + x.n % 4, 'Sonára', 'Técnica', 'Voltia', 'Ñandú Tech'),
                             '", "garantia_meses": ', 12 * (1 + x.n % 3),
                             ', "colores": [', IF(x.n % 2 = 0, '"negro", "blanco"', '"gris espacial"'), ']',
                             IF(x.n % 3 = 0, ', "conectividad": {"bluetooth": "5.3", "wifi": false}', ''), '}')
    WHEN x.c = 4 THEN CONCAT('{"autor": "', ELT(1 + x.n % 5, 'Isabel Allende', 'Arturo Pérez-Reverte', 'Gabriel García Márquez', 'Almudena Grandes', 'Julio Cortázar'),
                             '", "isbn": "978-84-', LPAD((x.n * 7919) % 1000000, 6, '0'), '-', x.n % 10,
                             '", "paginas": ', 120 + (x.n * 13) % 600,
                             ', "idioma": "español"}')
    WHEN x.c = 5 THEN CONCAT('{"tallas": [', IF(x.n % 2 = 0, '"S", "M", "L", "XL"', '"36", "38", "40"'),
                             '], "material": "', ELT(1 + x.n % 3, 'algodón 100%', 'lana merino', 'poliéster reciclado'), '"}')
    WHEN x.c = 7 THEN CONCAT('{"origen": "', ELT(1 + x.n % 4, 'Jaén', 'Guijuelo', 'Alicante', 'La Mancha'),
                             '", "peso_neto_g": ', 250 * (1 + x.n % 4),
                             ', "alergenos": [', IF(x.n % 3 = 0, '"frutos secos", "leche"', ''), ']',
                             ', "ecologico": ', IF(x.n % 2 = 0, 'true', 'false'), '}')
    ELSE CONCAT('{"marca": "', ELT(1 + x.n % 3, 'Casa Nostra', 'Olé', 'Añil'), '"',
                IF(x.n % 4 = 0, ', "dimensiones_cm": [30, 20, 12.5]', ''), '}') END,
  CASE WHEN x.n % 12 = 0 THEN 0 ELSE 1 END,
  DATE '2023-01-15' + INTERVAL (x.n * 3) DAY,
  TIMESTAMP '2023-01-15 10:00:00' + INTERVAL (x.n * 3) DAY,
  TIMESTAMP '2023-01-15 10:00:00' + INTERVAL (x.n * 3) DAY
    + INTERVAL ((x.n * 104729) % 500000) MINUTE + INTERVAL (x.n * 1000 + 7) MICROSECOND
FROM (
  SELECT s.n,
         1 + (s.n - 1) % 8 AS c,
         (s.n - 1) DIV 8 AS k,
         ELT(1 + (s.n - 1) % 8, 'electronica', 'hogar', 'deportes', 'libros', 'ropa', 'juguetes',
             'alimentacion', 'belleza') AS cat
  FROM _numeros s
  WHERE s.n <= 200
) x
ORDER BY x.n;

-- ---------------------------------------------------------------------------------------------
-- pedidos: 3000 rows, ids 1..3000, one product per order (as in the seed).
-- usuario_id is 1..480 (usuarios 481..500 have no orders); producto_id is 1..199 (producto 200,
-- priced at the DECIMAL(12,2) maximum, is never ordered).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE pedidos (
  id               BIGINT NOT NULL AUTO_INCREMENT,
  usuario_id       INT NOT NULL,
  producto_id      INT NOT NULL,
  cantidad         SMALLINT NOT NULL,
  precio_unitario  DECIMAL(12,2) NOT NULL,
  descuento        DECIMAL(12,2) NULL,
  total            DECIMAL(12,2) NOT NULL,
  estado           ENUM('pendiente', 'pagado', 'enviado', 'entregado', 'cancelado', 'devuelto') NOT NULL,
  metodo_pago      VARCHAR(30) NOT NULL,
  direccion_envio  VARCHAR(255) NOT NULL,
  notas            TEXT NULL,
  fecha_pedido     DATETIME NOT NULL,
  fecha_entrega    DATE NULL,
  creado_en        TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actualizado_en   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY idx_pedidos_estado (estado),
  KEY idx_pedidos_fecha_pedido (fecha_pedido),
  KEY idx_pedidos_actualizado_en (actualizado_en),
  CONSTRAINT fk_pedidos_usuario FOREIGN KEY (usuario_id) REFERENCES usuarios (id),
  CONSTRAINT fk_pedidos_producto FOREIGN KEY (producto_id) REFERENCES productos (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO pedidos (id, usuario_id, producto_id, cantidad, precio_unitario, descuento, total, estado,
                     metodo_pago, direccion_envio, notas, fecha_pedido, fecha_entrega, creado_en,
                     actualizado_en)
SELECT
  o.n,
  u.id,
  p.id,
  o.cantidad,
  p.precio,
  CASE WHEN o.n % 8 = 0 THEN ROUND(p.precio * o.cantidad * 0.10, 2) END,
  p.precio * o.cantidad - CASE WHEN o.n % 8 = 0 THEN ROUND(p.precio * o.cantidad * 0.10, 2) ELSE 0 END,
  ELT(o.e, 'pendiente', 'pagado', 'enviado', 'entregado', 'cancelado', 'devuelto'),
  ELT(1 + (o.n * 3) % 5, 'tarjeta', 'paypal', 'transferencia', 'bizum', 'contra_reembolso'),
  CONCAT(ELT(1 + o.n % 6, 'Calle', 'Avenida', 'Plaza', 'Paseo', 'Camino', 'Ronda'), ' ',
         ELT(1 + (o.n * 7) % 8, 'Mayor', 'de la Constitución', 'del Sol', 'Real', 'de España',
             'Nuestra Señora del Carmen', 'de Cervantes', 'San Martín'),
         ' ', 1 + (o.n * 13) % 180, ', ', u.ciudad),
  CASE
    WHEN o.n % 97 = 0 THEN CONCAT('Llamar antes de entregar', CHAR(10 USING utf8mb4), 'Timbre roto')
    WHEN o.n % 23 = 0 THEN 'Dejar en portería "2ºB"'
    WHEN o.n % 19 = 0 THEN 'Es un regalo 🎁, no incluir factura'
    WHEN o.n % 17 = 0 THEN 'Entregar después de las 18:00 ⏰'
    WHEN o.n % 29 = 0 THEN ''
    ELSE NULL END,
  o.fecha_pedido,
  CASE WHEN o.e IN (4, 6) THEN DATE(o.fecha_pedido) + INTERVAL (2 + o.n % 6) DAY END,
  o.fecha_pedido + INTERVAL ((o.n % 1000) * 1000) MICROSECOND,
  o.fecha_pedido + INTERVAL ((o.n * 7919) % 100000) MINUTE + INTERVAL o.n MICROSECOND
FROM (
  SELECT s.n,
         1 + CRC32(CONCAT('pedido-usuario-', s.n)) % 480 AS usuario_id,
         1 + CRC32(CONCAT('pedido-producto-', s.n)) % 199 AS producto_id,
         CASE WHEN s.n % 50 = 0 THEN 10 + s.n % 15 ELSE 1 + (s.n * 7) % 4 END AS cantidad,
         1 + CRC32(CONCAT('pedido-estado-', s.n)) % 6 AS e,
         TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (s.n * 2700 + (s.n * 7919) % 2000) SECOND AS fecha_pedido
  FROM _numeros s
  WHERE s.n <= 3000
) o
JOIN usuarios u ON u.id = o.usuario_id
JOIN productos p ON p.id = o.producto_id
ORDER BY o.n;

DROP TABLE _numeros;
DROP TABLE _digitos;
