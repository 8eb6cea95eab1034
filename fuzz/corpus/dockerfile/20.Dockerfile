# rampart:expect-lines 3,4,5,6
FROM debian:12-slim
RUN curl -fsSL https://get.example.com | sh
RUN wget -qO- https://example.com/install.sh | bash -s -- --prefix=/usr/local
RUN bash -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
RUN sh <(curl -sSf https://sh.rustup.rs) -y
