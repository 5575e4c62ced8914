import { Module } from '@nestjs/common';
import { PasswordController } from './change-password/password.controller';
import { SignedInGuard } from './signed-in.guard';
import { LoginThrottle } from './sign-in/login-throttle';
import { SignInController } from './sign-in/sign-in.controller';

/**
 * Authentication (登录与身份): signing in (limited per name and address), changing one's own password, the
 * access token, the guard that gives every console route its signed-in user. Use cases depend on it; it
 * depends on no use case.
 */
@Module({
  controllers: [SignInController, PasswordController],
  providers: [SignedInGuard, LoginThrottle],
  exports: [SignedInGuard],
})
export class AuthModule {}
