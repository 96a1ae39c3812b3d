"""Authentication: log-in, refresh and the token pair."""

from rest_framework import serializers

from rest_compat.serializers.users import UserSerializer


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class LoginSerializer(serializers.Serializer):
    token = TokenPairSerializer()
    user = UserSerializer()


class LoginInput(serializers.Serializer):
    username_or_email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class RefreshInput(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)
